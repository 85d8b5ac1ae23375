from tests.smtp import mail_server, smtp_settings

__all__ = ["mail_server", "smtp_settings"]
