"""Pure domain rules: no Django import anywhere below this package."""
