package dev.vigil.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.security.Sealer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code dataSource} of a stored multivariate request ({@code mv_model}, {@code mv_result}) lives in a column
 * of its own, sealed by {@link Sealer}: a blob URL carries its SAS token, a credential like a hook's URL. The rest
 * of the request stays JSON. Callers hand in and get back the whole request; the split is this class's business.
 */
final class SealedSource {

    private static final String FIELD = "dataSource";

    /** A request as stored: its JSON without the source, and the source as sealed. */
    record Stored(String request, String dataSource) {
    }

    /** A request as read: the JSON with its source, or with a null source and {@code unreadable} saying why. */
    record Opened(String request, String unreadable) {
    }

    private final Sealer sealer;
    private final String table;
    private final String column;

    SealedSource(Sealer sealer, String table) {
        this.sealer = sealer;
        this.table = table;
        this.column = table + ".data_source";
    }

    Stored seal(String requestJson) {
        ObjectNode request = object(requestJson);
        JsonNode source = request.remove(FIELD);
        return new Stored(request.toString(), sealer.seal(column, source == null || source.isNull() ? "" : source.asText()));
    }

    /** A stored source this replica cannot open (sealed under a key it lacks) affects only its own row. */
    Opened open(String request, String storedSource) {
        ObjectNode out = object(request);
        try {
            out.put(FIELD, sealer.open(column, storedSource));
            return new Opened(out.toString(), null);
        } catch (IllegalStateException e) {
            out.putNull(FIELD);
            return new Opened(out.toString(), e.getMessage());
        }
    }

    /**
     * Stores every source of the table as the configured keys want it (sealed once keys are set, under the first
     * key after a rotation); a conditional update, so a row changed meanwhile is left to the next start. A source
     * sealed under a key not configured throws, naming the key id.
     *
     * @return how many rows were rewritten
     */
    int reseal(DataSource dataSource) {
        record Row(UUID id, String stored) {
        }
        try (Connection c = dataSource.getConnection()) {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id, data_source from " + table);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getObject(1, UUID.class), rs.getString(2)));
                }
            }
            int rewritten = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "update " + table + " set data_source = ? where id = ? and data_source = ?")) {
                for (Row r : rows) {
                    if (sealer.current(r.stored())) {
                        continue;
                    }
                    ps.setString(1, sealer.seal(column, sealer.open(column, r.stored())));
                    ps.setObject(2, r.id());
                    ps.setString(3, r.stored());
                    rewritten += ps.executeUpdate();
                }
            }
            return rewritten;
        } catch (SQLException e) {
            throw new StorageException("could not seal the data sources of " + table, e);
        }
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("a multivariate request is stored as a JSON object", e);
        }
    }
}
