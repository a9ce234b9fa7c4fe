"""Storage: SQLModel tables, repository functions, Alembic migrations."""
