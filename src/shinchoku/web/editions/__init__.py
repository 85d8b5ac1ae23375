"""Staff pages of corrections (正誤) of a published year, and the 正誤表 read by everyone."""
