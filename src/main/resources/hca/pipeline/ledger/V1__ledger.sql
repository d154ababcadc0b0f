-- The ledger as it was first released: jobs, the bundles a sync or callback took, file outcomes,
-- and the notifications taken once per subscription and bundle.
CREATE TABLE IF NOT EXISTS jobs (
  id VARCHAR(64) PRIMARY KEY, kind VARCHAR(16) NOT NULL, state VARCHAR(16) NOT NULL,
  source VARCHAR(1024), content_sha256 VARCHAR(64), input VARCHAR(4096), replica VARCHAR(8),
  created TIMESTAMP NOT NULL, finished TIMESTAMP, files BIGINT DEFAULT 0, fetched BIGINT DEFAULT 0,
  present BIGINT DEFAULT 0, failed BIGINT DEFAULT 0, bytes BIGINT DEFAULT 0,
  error VARCHAR(4096), report VARCHAR(4096));
CREATE INDEX IF NOT EXISTS jobs_content ON jobs(content_sha256);
CREATE TABLE IF NOT EXISTS bundles (
  scope VARCHAR(256) NOT NULL, uuid VARCHAR(36) NOT NULL, version VARCHAR(64) NOT NULL,
  job_id VARCHAR(64), state VARCHAR(16) NOT NULL, updated TIMESTAMP NOT NULL,
  PRIMARY KEY (scope, uuid, version));
CREATE TABLE IF NOT EXISTS files (
  job_id VARCHAR(64) NOT NULL, line BIGINT NOT NULL, file_uuid VARCHAR(36), sha256 VARCHAR(64),
  status VARCHAR(24) NOT NULL, bytes BIGINT, attempts INT, error VARCHAR(2048),
  PRIMARY KEY (job_id, line, status));
CREATE TABLE IF NOT EXISTS callbacks (
  subscription VARCHAR(256) NOT NULL, bundle VARCHAR(128) NOT NULL, job_id VARCHAR(64) NOT NULL,
  received TIMESTAMP NOT NULL, PRIMARY KEY (subscription, bundle));
