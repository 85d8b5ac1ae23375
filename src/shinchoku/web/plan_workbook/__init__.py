"""Staff pages of the plan workbook (計画の体系ファイル): download, upload, preview, commit."""
