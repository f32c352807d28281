CREATE TABLE projects (
    id INT NOT NULL AUTO_INCREMENT,
    tenant_id BIGINT UNSIGNED NOT NULL,
    name VARCHAR(80) NOT NULL,
    archived TINYINT(1) NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY projects_name_per_tenant (tenant_id, name),
    CONSTRAINT projects_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);
