package dev.vigil.storage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A series row, read through Panache for the paged series list. Written only by {@link AggregateStore}. */
@Entity
@Table(name = "series")
public class SeriesEntity extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "series_key")
    public String seriesKey;

    public String metric;

    @JdbcTypeCode(SqlTypes.JSON)
    public String dimensions;

    @Column(name = "first_seen")
    public Instant firstSeen;

    /** Series whose metric equals {@code metric} (if given) and whose key contains {@code text} (if given). */
    public static PanacheQuery<SeriesEntity> search(String metric, String text, int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        io.quarkus.panache.common.Parameters params = new io.quarkus.panache.common.Parameters();
        if (metric != null && !metric.isBlank()) {
            where.append(" and metric = :metric");
            params.and("metric", metric);
        }
        if (text != null && !text.isBlank()) {
            where.append(" and lower(seriesKey) like :text");
            params.and("text", "%" + text.toLowerCase() + "%");
        }
        return find(where.toString(), Sort.by("seriesKey"), params).page(Page.of(page, size));
    }
}
