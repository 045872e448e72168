"""Built-in accounts and OIDC mapping: who may sign in, with which role and unit scope."""
