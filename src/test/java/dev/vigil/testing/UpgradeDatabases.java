package dev.vigil.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * Databases of their own on the test server for upgrade tests: created empty, migrated to an older version, filled
 * as an installation of that version would be, then migrated to the latest.
 */
@ApplicationScoped
public class UpgradeDatabases {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;
    @ConfigProperty(name = "quarkus.flyway.placeholders.lockTimeout")
    String lockTimeout;

    private final Db db;

    public UpgradeDatabases(Db db) {
        this.db = db;
    }

    /** A new, empty database {@code name} (an older one of that name is dropped first); close drops it. */
    public Database create(String name) {
        db.exec("drop database if exists " + name);
        db.exec("create database " + name);
        return new Database(name, url.replaceFirst("/[^/?]+(\\?.*)?$", "/" + name));
    }

    /** One upgrade test's database. */
    public final class Database implements AutoCloseable {

        private final String name;
        private final String jdbcUrl;

        private Database(String name, String jdbcUrl) {
            this.name = name;
            this.jdbcUrl = jdbcUrl;
        }

        /** Migrates to {@code target}: a version such as "56", or "latest". */
        public void migrate(String target) {
            migrate(target, lockTimeout, "classpath:db/migration");
        }

        /** Migrates to {@code target} from {@code locations}, each migration giving up on a lock after the time. */
        public void migrate(String target, String lockTimeout, String... locations) {
            Flyway.configure().dataSource(jdbcUrl, user, password.orElse("")).locations(locations)
                    .placeholders(Map.of("lockTimeout", lockTimeout)).target(target).load().migrate();
        }

        /** A connection of its own, for a test that holds locks while a migration runs. */
        public Connection connection() throws SQLException {
            return connect();
        }

        public void exec(String... sql) throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                for (String one : sql) {
                    s.execute(one);
                }
            }
        }

        /** The first column of the first row, as text. */
        public String text(String sql) throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }

        public long count(String sql) throws SQLException {
            return Long.parseLong(text(sql));
        }

        private Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password.orElse(""));
        }

        @Override
        public void close() {
            db.exec("drop database " + name + " with (force)");
        }
    }
}
