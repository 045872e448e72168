"""What a signed-in person's home page ("Cần xử lý") lists: small scoped queries returning frozen records."""
