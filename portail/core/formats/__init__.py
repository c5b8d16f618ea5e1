"""The portal's own date and time formats (FORMAT_MODULE_PATH), where Django's are wrong for Québec."""
