-- Create "api_tokens" table
CREATE TABLE `api_tokens` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `role` text NOT NULL, `token_hash` text NOT NULL, `prefix` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NULL, `last_used_at` datetime NULL, `revoked` bool NOT NULL DEFAULT (false));
-- Create index "api_tokens_token_hash_key" to table: "api_tokens"
CREATE UNIQUE INDEX `api_tokens_token_hash_key` ON `api_tokens` (`token_hash`);
-- Create "audit_events" table
CREATE TABLE `audit_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `actor` text NOT NULL, `action` text NOT NULL, `target` text NULL, `detail` text NULL, `remote_addr` text NULL);
-- Set sequence for "audit_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_events", 4294967296);
-- Create index "auditevent_at" to table: "audit_events"
CREATE INDEX `auditevent_at` ON `audit_events` (`at`);
-- Create "branch_protections" table
CREATE TABLE `branch_protections` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `source` text NOT NULL, `name` text NULL, `pattern` text NOT NULL, `required_approvals` integer NOT NULL DEFAULT (0), `code_owner_review` bool NOT NULL DEFAULT (false), `dismiss_stale` bool NOT NULL DEFAULT (false), `enforce_admins` bool NOT NULL DEFAULT (false), `allow_force_push` bool NOT NULL DEFAULT (false), `allow_deletions` bool NOT NULL DEFAULT (false), `required_signatures` bool NOT NULL DEFAULT (false), `status_checks` json NULL, `bypass_actors` json NULL, `push_access` json NULL, `merge_access` json NULL, `repository_branch_protections` integer NOT NULL, CONSTRAINT `branch_protections_repositories_branch_protections` FOREIGN KEY (`repository_branch_protections`) REFERENCES `repositories` (`id`) ON DELETE NO ACTION);
-- Set sequence for "branch_protections" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("branch_protections", 8589934592);
-- Create index "branch_protections_key_key" to table: "branch_protections"
CREATE UNIQUE INDEX `branch_protections_key_key` ON `branch_protections` (`key`);
-- Create index "branchprotection_repository_branch_protections" to table: "branch_protections"
CREATE INDEX `branchprotection_repository_branch_protections` ON `branch_protections` (`repository_branch_protections`);
-- Create "changes" table
CREATE TABLE `changes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `entity` text NOT NULL, `entity_key` text NOT NULL, `kind` text NOT NULL, `summary` text NOT NULL, `before` text NULL, `after` text NULL, `created_at` datetime NOT NULL, `scan_changes` integer NOT NULL, CONSTRAINT `changes_scans_changes` FOREIGN KEY (`scan_changes`) REFERENCES `scans` (`id`) ON DELETE NO ACTION);
-- Set sequence for "changes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("changes", 12884901888);
-- Create index "change_scan_changes" to table: "changes"
CREATE INDEX `change_scan_changes` ON `changes` (`scan_changes`);
-- Create index "change_entity_entity_key" to table: "changes"
CREATE INDEX `change_entity_entity_key` ON `changes` (`entity`, `entity_key`);
-- Create "code_owners" table
CREATE TABLE `code_owners` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `path` text NOT NULL, `rules` json NULL, `errors` json NULL, `covers_pipeline_definitions` bool NOT NULL DEFAULT (false), `repository_code_owners` integer NOT NULL, CONSTRAINT `code_owners_repositories_code_owners` FOREIGN KEY (`repository_code_owners`) REFERENCES `repositories` (`id`) ON DELETE NO ACTION);
-- Set sequence for "code_owners" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("code_owners", 17179869184);
-- Create index "code_owners_key_key" to table: "code_owners"
CREATE UNIQUE INDEX `code_owners_key_key` ON `code_owners` (`key`);
-- Create index "codeowners_repository_code_owners" to table: "code_owners"
CREATE INDEX `codeowners_repository_code_owners` ON `code_owners` (`repository_code_owners`);
-- Create "credentials" table
CREATE TABLE `credentials` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `scope` text NOT NULL, `visibility` text NULL, `selected_repositories` json NULL, `protected` bool NOT NULL DEFAULT (false), `masked` bool NOT NULL DEFAULT (false), `hidden` bool NOT NULL DEFAULT (false), `raw` bool NOT NULL DEFAULT (false), `variable_type` text NULL, `environment_scope` text NULL, `description` text NULL, `created_at` datetime NULL, `updated_at` datetime NULL, `expires_at` datetime NULL, `last_used_at` datetime NULL, `permissions` json NULL, `access_level` text NULL, `read_only` bool NOT NULL DEFAULT (false), `active` bool NOT NULL DEFAULT (true), `value_fingerprint` text NULL, `value_reused` bool NOT NULL DEFAULT (false), `static_cloud_key` bool NOT NULL DEFAULT (false), `personal_token` bool NOT NULL DEFAULT (false), `needed_by` json NULL, `exposed_to` json NULL, `over_scoped` bool NOT NULL DEFAULT (false), `over_scope_reasons` json NULL, `scope_assumed` bool NOT NULL DEFAULT (false), `environment_credentials` integer NULL, `identity_credentials` integer NULL, `owner_credentials` integer NULL, `repository_credentials` integer NULL, CONSTRAINT `credentials_environments_credentials` FOREIGN KEY (`environment_credentials`) REFERENCES `environments` (`id`) ON DELETE SET NULL, CONSTRAINT `credentials_identities_credentials` FOREIGN KEY (`identity_credentials`) REFERENCES `identities` (`id`) ON DELETE SET NULL, CONSTRAINT `credentials_owners_credentials` FOREIGN KEY (`owner_credentials`) REFERENCES `owners` (`id`) ON DELETE SET NULL, CONSTRAINT `credentials_repositories_credentials` FOREIGN KEY (`repository_credentials`) REFERENCES `repositories` (`id`) ON DELETE SET NULL);
-- Set sequence for "credentials" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("credentials", 21474836480);
-- Create index "credentials_key_key" to table: "credentials"
CREATE UNIQUE INDEX `credentials_key_key` ON `credentials` (`key`);
-- Create index "credential_repository_credentials" to table: "credentials"
CREATE INDEX `credential_repository_credentials` ON `credentials` (`repository_credentials`);
-- Create index "credential_owner_credentials" to table: "credentials"
CREATE INDEX `credential_owner_credentials` ON `credentials` (`owner_credentials`);
-- Create index "credential_environment_credentials" to table: "credentials"
CREATE INDEX `credential_environment_credentials` ON `credentials` (`environment_credentials`);
-- Create index "credential_kind_name" to table: "credentials"
CREATE INDEX `credential_kind_name` ON `credentials` (`kind`, `name`);
-- Create index "credential_over_scoped" to table: "credentials"
CREATE INDEX `credential_over_scoped` ON `credentials` (`over_scoped`);
-- Create "environments" table
CREATE TABLE `environments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `name` text NOT NULL, `production` bool NOT NULL DEFAULT (false), `tier` text NULL, `protected` bool NOT NULL DEFAULT (false), `required_reviewers` json NULL, `required_approvals` integer NOT NULL DEFAULT (0), `prevent_self_review` bool NOT NULL DEFAULT (false), `wait_timer` integer NOT NULL DEFAULT (0), `branch_policy` text NULL, `branch_patterns` json NULL, `custom_rules` json NULL, `deploy_access` json NULL, `repository_environments` integer NULL, CONSTRAINT `environments_repositories_environments` FOREIGN KEY (`repository_environments`) REFERENCES `repositories` (`id`) ON DELETE SET NULL);
-- Set sequence for "environments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("environments", 25769803776);
-- Create index "environments_key_key" to table: "environments"
CREATE UNIQUE INDEX `environments_key_key` ON `environments` (`key`);
-- Create index "environment_repository_environments" to table: "environments"
CREATE INDEX `environment_repository_environments` ON `environments` (`repository_environments`);
-- Create "findings" table
CREATE TABLE `findings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `rule` text NOT NULL, `severity` text NOT NULL, `title` text NOT NULL, `detail` text NULL, `evidence` text NULL, `file` text NULL, `line` integer NOT NULL DEFAULT (0), `remediation` text NULL, `fingerprint` text NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `first_seen` datetime NOT NULL, `last_seen` datetime NOT NULL, `resolved_at` datetime NULL, `accepted_reason` text NULL, `accepted_until` datetime NULL, `accepted_by` text NULL, `done` bool NOT NULL DEFAULT (false), `scope_assumed` bool NOT NULL DEFAULT (false), `credential_findings` integer NULL, `finding_job` integer NULL, `finding_environment` integer NULL, `finding_owner` integer NULL, `repository_findings` integer NULL, CONSTRAINT `findings_credentials_findings` FOREIGN KEY (`credential_findings`) REFERENCES `credentials` (`id`) ON DELETE SET NULL, CONSTRAINT `findings_jobs_job` FOREIGN KEY (`finding_job`) REFERENCES `jobs` (`id`) ON DELETE SET NULL, CONSTRAINT `findings_environments_environment` FOREIGN KEY (`finding_environment`) REFERENCES `environments` (`id`) ON DELETE SET NULL, CONSTRAINT `findings_owners_owner` FOREIGN KEY (`finding_owner`) REFERENCES `owners` (`id`) ON DELETE SET NULL, CONSTRAINT `findings_repositories_findings` FOREIGN KEY (`repository_findings`) REFERENCES `repositories` (`id`) ON DELETE SET NULL);
-- Set sequence for "findings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("findings", 30064771072);
-- Create index "findings_fingerprint_key" to table: "findings"
CREATE UNIQUE INDEX `findings_fingerprint_key` ON `findings` (`fingerprint`);
-- Create index "finding_repository_findings" to table: "findings"
CREATE INDEX `finding_repository_findings` ON `findings` (`repository_findings`);
-- Create index "finding_credential_findings" to table: "findings"
CREATE INDEX `finding_credential_findings` ON `findings` (`credential_findings`);
-- Create index "finding_finding_job" to table: "findings"
CREATE INDEX `finding_finding_job` ON `findings` (`finding_job`);
-- Create index "finding_rule" to table: "findings"
CREATE INDEX `finding_rule` ON `findings` (`rule`);
-- Create index "finding_status_severity" to table: "findings"
CREATE INDEX `finding_status_severity` ON `findings` (`status`, `severity`);
-- Create "http_caches" table
CREATE TABLE `http_caches` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `url_key` text NOT NULL, `etag` text NOT NULL, `body` blob NOT NULL, `header` text NULL, `stored_at` datetime NOT NULL);
-- Set sequence for "http_caches" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("http_caches", 34359738368);
-- Create index "http_caches_url_key_key" to table: "http_caches"
CREATE UNIQUE INDEX `http_caches_url_key_key` ON `http_caches` (`url_key`);
-- Create "identities" table
CREATE TABLE `identities` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `permissions` json NULL, `repository_selection` text NULL, `repositories` json NULL, `can_write` bool NOT NULL DEFAULT (false), `owner_identities` integer NULL, CONSTRAINT `identities_owners_identities` FOREIGN KEY (`owner_identities`) REFERENCES `owners` (`id`) ON DELETE SET NULL);
-- Set sequence for "identities" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("identities", 38654705664);
-- Create index "identities_key_key" to table: "identities"
CREATE UNIQUE INDEX `identities_key_key` ON `identities` (`key`);
-- Create index "identity_owner_identities" to table: "identities"
CREATE INDEX `identity_owner_identities` ON `identities` (`owner_identities`);
-- Create "jobs" table
CREATE TABLE `jobs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `name` text NOT NULL, `file` text NULL, `line` integer NOT NULL DEFAULT (0), `stage` text NOT NULL DEFAULT ('UNKNOWN'), `stage_reason` text NULL, `environment_name` text NULL, `runner_labels` json NULL, `self_hosted` bool NOT NULL DEFAULT (false), `permissions` json NULL, `permissions_source` text NULL, `minimal_permissions` json NULL, `unknown_steps` json NULL, `oidc` bool NOT NULL DEFAULT (false), `calls` text NULL, `calls_pinned` bool NOT NULL DEFAULT (false), `secrets_inherit` bool NOT NULL DEFAULT (false), `manual` bool NOT NULL DEFAULT (false), `protected_refs_only` bool NOT NULL DEFAULT (false), `untrusted_checkout` bool NOT NULL DEFAULT (false), `secrets_whole_context` bool NOT NULL DEFAULT (false), `needs` json NULL, `detail` json NULL, `environment_jobs` integer NULL, `pipeline_jobs` integer NOT NULL, CONSTRAINT `jobs_environments_jobs` FOREIGN KEY (`environment_jobs`) REFERENCES `environments` (`id`) ON DELETE SET NULL, CONSTRAINT `jobs_pipelines_jobs` FOREIGN KEY (`pipeline_jobs`) REFERENCES `pipelines` (`id`) ON DELETE NO ACTION);
-- Set sequence for "jobs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("jobs", 42949672960);
-- Create index "jobs_key_key" to table: "jobs"
CREATE UNIQUE INDEX `jobs_key_key` ON `jobs` (`key`);
-- Create index "job_pipeline_jobs" to table: "jobs"
CREATE INDEX `job_pipeline_jobs` ON `jobs` (`pipeline_jobs`);
-- Create index "job_environment_jobs" to table: "jobs"
CREATE INDEX `job_environment_jobs` ON `jobs` (`environment_jobs`);
-- Create index "job_stage" to table: "jobs"
CREATE INDEX `job_stage` ON `jobs` (`stage`);
-- Create "owners" table
CREATE TABLE `owners` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `platform` text NOT NULL, `name` text NOT NULL, `url` text NULL, `parent_key` text NULL, `default_workflow_permissions` text NULL, `can_approve_pull_requests` bool NULL, `variables` json NULL, `allowed_actions` text NULL);
-- Set sequence for "owners" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("owners", 47244640256);
-- Create index "owners_key_key" to table: "owners"
CREATE UNIQUE INDEX `owners_key_key` ON `owners` (`key`);
-- Create "pipelines" table
CREATE TABLE `pipelines` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `kind` text NOT NULL, `path` text NOT NULL, `name` text NULL, `triggers` json NULL, `untrusted_trigger` bool NOT NULL DEFAULT (false), `reusable` bool NOT NULL DEFAULT (false), `permissions` json NULL, `permissions_raw` text NULL, `includes` json NULL, `parse_error` text NULL, `content_sha256` text NULL, `repository_pipelines` integer NOT NULL, CONSTRAINT `pipelines_repositories_pipelines` FOREIGN KEY (`repository_pipelines`) REFERENCES `repositories` (`id`) ON DELETE NO ACTION);
-- Set sequence for "pipelines" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("pipelines", 51539607552);
-- Create index "pipelines_key_key" to table: "pipelines"
CREATE UNIQUE INDEX `pipelines_key_key` ON `pipelines` (`key`);
-- Create index "pipeline_repository_pipelines" to table: "pipelines"
CREATE INDEX `pipeline_repository_pipelines` ON `pipelines` (`repository_pipelines`);
-- Create "repositories" table
CREATE TABLE `repositories` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `platform` text NOT NULL, `full_name` text NOT NULL, `url` text NULL, `visibility` text NULL, `default_branch` text NULL, `archived` bool NOT NULL DEFAULT (false), `fork` bool NOT NULL DEFAULT (false), `default_workflow_permissions` text NULL, `can_approve_pull_requests` bool NULL, `actions_enabled` bool NULL, `allowed_actions` text NULL, `protected_tags` json NULL, `job_token_allowlist` json NULL, `job_token_scope_enabled` bool NULL, `owner_repositories` integer NULL, CONSTRAINT `repositories_owners_repositories` FOREIGN KEY (`owner_repositories`) REFERENCES `owners` (`id`) ON DELETE SET NULL);
-- Set sequence for "repositories" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("repositories", 55834574848);
-- Create index "repositories_key_key" to table: "repositories"
CREATE UNIQUE INDEX `repositories_key_key` ON `repositories` (`key`);
-- Create index "repository_owner_repositories" to table: "repositories"
CREATE INDEX `repository_owner_repositories` ON `repositories` (`owner_repositories`);
-- Create "runner_groups" table
CREATE TABLE `runner_groups` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `name` text NOT NULL, `level` text NULL, `visibility` text NULL, `allows_public_repositories` bool NOT NULL DEFAULT (false), `selected_repositories` json NULL, `selected_workflows` json NULL, `protected_refs_only` bool NOT NULL DEFAULT (false), `run_untagged` bool NOT NULL DEFAULT (false), `locked` bool NOT NULL DEFAULT (false), `labels` json NULL, `runners` json NULL, `owner_runner_groups` integer NULL, CONSTRAINT `runner_groups_owners_runner_groups` FOREIGN KEY (`owner_runner_groups`) REFERENCES `owners` (`id`) ON DELETE SET NULL);
-- Set sequence for "runner_groups" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("runner_groups", 60129542144);
-- Create index "runner_groups_key_key" to table: "runner_groups"
CREATE UNIQUE INDEX `runner_groups_key_key` ON `runner_groups` (`key`);
-- Create index "runnergroup_owner_runner_groups" to table: "runner_groups"
CREATE INDEX `runnergroup_owner_runner_groups` ON `runner_groups` (`owner_runner_groups`);
-- Create "scans" table
CREATE TABLE `scans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `platform` text NOT NULL, `target` text NOT NULL, `started_at` datetime NOT NULL, `finished_at` datetime NULL, `status` text NOT NULL DEFAULT ('RUNNING'), `error` text NULL, `api_requests` integer NOT NULL DEFAULT (0), `api_not_modified` integer NOT NULL DEFAULT (0), `coverage_gaps` json NULL, `unread` json NULL, `token_scopes` json NULL, `token_can_write` bool NOT NULL DEFAULT (false), `repositories` integer NOT NULL DEFAULT (0), `pipelines` integer NOT NULL DEFAULT (0), `jobs` integer NOT NULL DEFAULT (0), `credentials` integer NOT NULL DEFAULT (0), `usages` integer NOT NULL DEFAULT (0), `findings` integer NOT NULL DEFAULT (0), `owner_scans` integer NULL, CONSTRAINT `scans_owners_scans` FOREIGN KEY (`owner_scans`) REFERENCES `owners` (`id`) ON DELETE SET NULL);
-- Set sequence for "scans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("scans", 64424509440);
-- Create index "scan_owner_scans" to table: "scans"
CREATE INDEX `scan_owner_scans` ON `scans` (`owner_scans`);
-- Create index "scan_platform_target_started_at" to table: "scans"
CREATE INDEX `scan_platform_target_started_at` ON `scans` (`platform`, `target`, `started_at`);
-- Create "teams" table
CREATE TABLE `teams` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `name` text NOT NULL, `slug` text NOT NULL, `repository_permissions` json NULL, `owner_teams` integer NULL, CONSTRAINT `teams_owners_teams` FOREIGN KEY (`owner_teams`) REFERENCES `owners` (`id`) ON DELETE SET NULL);
-- Set sequence for "teams" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("teams", 68719476736);
-- Create index "teams_key_key" to table: "teams"
CREATE UNIQUE INDEX `teams_key_key` ON `teams` (`key`);
-- Create index "team_owner_teams" to table: "teams"
CREATE INDEX `team_owner_teams` ON `teams` (`owner_teams`);
-- Create "usages" table
CREATE TABLE `usages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `file` text NOT NULL, `line` integer NOT NULL DEFAULT (0), `expression` text NOT NULL, `via` text NOT NULL, `credential_usages` integer NOT NULL, `job_usages` integer NOT NULL, CONSTRAINT `usages_credentials_usages` FOREIGN KEY (`credential_usages`) REFERENCES `credentials` (`id`) ON DELETE NO ACTION, CONSTRAINT `usages_jobs_usages` FOREIGN KEY (`job_usages`) REFERENCES `jobs` (`id`) ON DELETE NO ACTION);
-- Set sequence for "usages" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("usages", 73014444032);
-- Create index "usage_job_usages" to table: "usages"
CREATE INDEX `usage_job_usages` ON `usages` (`job_usages`);
-- Create index "usage_credential_usages" to table: "usages"
CREATE INDEX `usage_credential_usages` ON `usages` (`credential_usages`);
-- Create "credential_exposed_jobs" table
CREATE TABLE `credential_exposed_jobs` (`credential_id` integer NOT NULL, `job_id` integer NOT NULL, PRIMARY KEY (`credential_id`, `job_id`), CONSTRAINT `credential_exposed_jobs_credential_id` FOREIGN KEY (`credential_id`) REFERENCES `credentials` (`id`) ON DELETE CASCADE, CONSTRAINT `credential_exposed_jobs_job_id` FOREIGN KEY (`job_id`) REFERENCES `jobs` (`id`) ON DELETE CASCADE);
-- Create "team_repositories" table
CREATE TABLE `team_repositories` (`team_id` integer NOT NULL, `repository_id` integer NOT NULL, PRIMARY KEY (`team_id`, `repository_id`), CONSTRAINT `team_repositories_team_id` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`) ON DELETE CASCADE, CONSTRAINT `team_repositories_repository_id` FOREIGN KEY (`repository_id`) REFERENCES `repositories` (`id`) ON DELETE CASCADE);
-- Create "ent_types" table
CREATE TABLE `ent_types` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `type` text NOT NULL);
-- Create index "ent_types_type_key" to table: "ent_types"
CREATE UNIQUE INDEX `ent_types_type_key` ON `ent_types` (`type`);
-- Add pk ranges for ('api_tokens'),('audit_events'),('branch_protections'),('changes'),('code_owners'),('credentials'),('environments'),('findings'),('http_caches'),('identities'),('jobs'),('owners'),('pipelines'),('repositories'),('runner_groups'),('scans'),('teams'),('usages') tables
INSERT INTO `ent_types` (`type`) VALUES ('api_tokens'), ('audit_events'), ('branch_protections'), ('changes'), ('code_owners'), ('credentials'), ('environments'), ('findings'), ('http_caches'), ('identities'), ('jobs'), ('owners'), ('pipelines'), ('repositories'), ('runner_groups'), ('scans'), ('teams'), ('usages');
