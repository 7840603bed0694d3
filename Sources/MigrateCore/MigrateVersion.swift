public enum MigrateVersion { public static let string = "0.1.0" }
