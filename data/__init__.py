"""The store: tables, migrations, importers and read-model queries."""
