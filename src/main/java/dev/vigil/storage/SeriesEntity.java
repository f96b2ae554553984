package dev.vigil.storage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A series row, read through Panache by id (the list is SeriesListStore). Written only by {@link AggregateStore}. */
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
}
