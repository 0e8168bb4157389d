package org.commonground.member.accesslog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One read of a member's personal data by someone else: who, with which roles and client, what, where, when. */
@Entity
@Table(name = "access_log")
public class AccessLogEntry extends PanacheEntityBase {

    @Id
    public UUID id;

    /** whose data was read */
    @Column(name = "member_id", nullable = false, updatable = false)
    public UUID memberId;

    @Column(name = "reader_subject", nullable = false, updatable = false)
    public String readerSubject;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "reader_roles", nullable = false, updatable = false)
    public List<String> readerRoles;

    @Column(name = "client_id", updatable = false)
    public String clientId;

    @Column(nullable = false, updatable = false)
    public String endpoint;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, updatable = false)
    public List<String> fields;

    @Column(name = "read_at", nullable = false, updatable = false)
    public Instant readAt;
}
