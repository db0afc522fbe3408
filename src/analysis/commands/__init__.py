"""Command-line glue of the model families: parse, call the package, print (no model code)."""
