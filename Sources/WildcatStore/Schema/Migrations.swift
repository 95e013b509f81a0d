import Crypto
import Foundation
import SQLKit

/// One numbered step of the schema. Released steps are never edited (a test holds a digest of
/// each): add a new one.
/// Statements are plain SQL; `%SERIAL%` and `%MONOTONIC_ID%` become the dialect's auto-increment
/// primary key, `%RANDOM_ID%` an expression for a random 20-character hex id.
struct Migration: Sendable {
    let id: Int
    let name: String
    let statements: [String]
}

enum Migrations {
    /// The whole history, in order.
    static let all: [Migration] = [
        Migration(id: 1, name: "accounts, sessions, assemblies, invites, audit", statements: [
            """
            CREATE TABLE instance_settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY,
                pseudonym TEXT NOT NULL CHECK (length(pseudonym) BETWEEN 1 AND 64),
                pseudonym_key TEXT NOT NULL UNIQUE,
                passphrase_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                token_hash TEXT NOT NULL UNIQUE,
                device TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sessions_by_account ON sessions (account_id)",
            """
            CREATE TABLE assemblies (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                rules TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE memberships (
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                joined_at BIGINT NOT NULL,
                invited_by TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                invited_by_operator BIGINT NOT NULL DEFAULT 0 CHECK (invited_by_operator IN (0, 1)),
                PRIMARY KEY (assembly_id, account_id)
            )
            """,
            "CREATE INDEX memberships_by_account ON memberships (account_id)",
            """
            CREATE TABLE invites (
                id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                assembly_id TEXT REFERENCES assemblies(id) ON DELETE CASCADE,
                created_by TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                max_uses BIGINT CHECK (max_uses IS NULL OR max_uses > 0),
                uses BIGINT NOT NULL DEFAULT 0,
                expires_at BIGINT NOT NULL,
                revoked BIGINT NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
                created_at BIGINT NOT NULL,
                CHECK (uses >= 0 AND (max_uses IS NULL OR uses <= max_uses))
            )
            """,
            "CREATE INDEX invites_by_assembly ON invites (assembly_id)",
            """
            CREATE TABLE audit_events (
                id %SERIAL%,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                at BIGINT NOT NULL,
                kind TEXT NOT NULL,
                actor_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                actor_is_operator BIGINT NOT NULL DEFAULT 0 CHECK (actor_is_operator IN (0, 1)),
                subject_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                detail TEXT NOT NULL DEFAULT '{}'
            )
            """,
            "CREATE INDEX audit_events_by_assembly ON audit_events (assembly_id, id)",
        ]),
        Migration(id: 2, name: "chat: channels, messages, edits, read markers, live events", statements: [
            """
            CREATE TABLE channels (
                id TEXT PRIMARY KEY,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                name_key TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (assembly_id, name_key)
            )
            """,
            // Every assembly has a general channel.
            """
            INSERT INTO channels (id, assembly_id, name, name_key, created_at)
            SELECT id || 'g', id, 'general', 'general', created_at FROM assemblies
            """,
            """
            CREATE TABLE messages (
                id %MONOTONIC_ID%,
                channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                author_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                thread_root_id BIGINT REFERENCES messages(id) ON DELETE CASCADE,
                body TEXT NOT NULL CHECK (length(body) <= 8000),
                created_at BIGINT NOT NULL,
                edited_at BIGINT,
                deleted BIGINT NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
                reply_count BIGINT NOT NULL DEFAULT 0,
                CHECK (deleted = 0 OR (body = '' AND author_id IS NULL))
            )
            """,
            "CREATE INDEX messages_by_channel ON messages (channel_id, thread_root_id, id)",
            "CREATE INDEX messages_by_thread ON messages (thread_root_id, id)",
            "CREATE INDEX messages_by_author ON messages (author_id)",
            "CREATE INDEX messages_by_age ON messages (assembly_id, created_at)",
            """
            CREATE TABLE message_edits (
                id %SERIAL%,
                message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                body TEXT NOT NULL,
                replaced_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX message_edits_by_message ON message_edits (message_id, id)",
            """
            CREATE TABLE channel_reads (
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
                last_read_id BIGINT NOT NULL,
                PRIMARY KEY (account_id, channel_id)
            )
            """,
            """
            CREATE TABLE events (
                id %MONOTONIC_ID%,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                channel_id TEXT,
                account_id TEXT,
                message_id BIGINT,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX events_by_assembly ON events (assembly_id, id)",
            "CREATE INDEX events_by_message ON events (message_id)",
            "CREATE INDEX events_by_age ON events (created_at)",
        ]),
        Migration(id: 3, name: "proposals and ballots; invites awaiting a decision", statements: [
            """
            CREATE TABLE proposals (
                id TEXT PRIMARY KEY,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                author_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                draft TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                closes_at BIGINT NOT NULL,
                closed_at BIGINT,
                decision TEXT,
                tie_seed BIGINT,
                thread_message_id BIGINT,
                ballot_count BIGINT NOT NULL DEFAULT 0,
                CHECK ((closed_at IS NULL) = (decision IS NULL))
            )
            """,
            "CREATE INDEX proposals_by_assembly ON proposals (assembly_id, created_at)",
            "CREATE INDEX proposals_open ON proposals (closes_at) WHERE closed_at IS NULL",
            """
            CREATE TABLE ballots (
                proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                voter_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                ballot TEXT NOT NULL,
                cast_at BIGINT NOT NULL,
                PRIMARY KEY (proposal_id, voter_id)
            )
            """,
            "ALTER TABLE invites ADD COLUMN pending_proposal TEXT",
        ]),
        Migration(id: 4, name: "typed facts: audit facts, system posts", statements: [
            // Audit lines record a typed fact (JSON of `AuditFact`); older lines keep `detail`.
            "ALTER TABLE audit_events ADD COLUMN fact TEXT",
            // A post by the platform itself (JSON of `SystemPost`): no author, nobody edits it.
            "ALTER TABLE messages ADD COLUMN system TEXT",
        ]),
        Migration(id: 5, name: "trust: anonymous ballots of departed voters, frozen results, revocations, known devices, lookalikes, public ids", statements: [
            // A ballot outlives its voter's account, without the voter: results never change,
            // and nobody learns from a departure how someone voted. Its random `id` keys it in the
            // closing record instead of the voter; it is not indexed (nothing looks a ballot up by
            // it), so a vote writes two B-trees, as before. Deleting an account scans ballots to
            // clear its name: rare, and cheaper than an index every vote would pay for.
            """
            CREATE TABLE ballots_v5 (
                id TEXT NOT NULL,
                proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                voter_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                ballot TEXT NOT NULL,
                cast_at BIGINT NOT NULL,
                UNIQUE (proposal_id, voter_id)
            )
            """,
            "INSERT INTO ballots_v5 (id, proposal_id, voter_id, ballot, cast_at) SELECT %RANDOM_ID%, proposal_id, voter_id, ballot, cast_at FROM ballots",
            "DROP TABLE ballots",
            "ALTER TABLE ballots_v5 RENAME TO ballots",
            // The tally as counted at closing (JSON of `TallyResult`): a closed result is a record.
            "ALTER TABLE proposals ADD COLUMN result TEXT",
            // Devices and accounts whose sessions ended: every node closes their live sockets.
            """
            CREATE TABLE revocations (
                id %MONOTONIC_ID%,
                account_id TEXT NOT NULL,
                session_id TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX revocations_by_age ON revocations (created_at)",
            // Devices a member signed in from before: a correct passphrase from one is never slowed.
            """
            CREATE TABLE known_devices (
                token_hash TEXT NOT NULL,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT NOT NULL,
                PRIMARY KEY (token_hash, account_id)
            )
            """,
            "CREATE INDEX known_devices_by_account ON known_devices (account_id)",
            // The pseudonym's confusable skeleton (UTS #39): no two accounts look alike. Filled
            // for older accounts when the server starts.
            "ALTER TABLE accounts ADD COLUMN pseudonym_skeleton TEXT",
            "CREATE UNIQUE INDEX accounts_by_skeleton ON accounts (pseudonym_skeleton)",
            // Ids that pages and the API show are random: no server-wide counter reaches them.
            "ALTER TABLE messages ADD COLUMN public_id TEXT NOT NULL DEFAULT ''",
            "UPDATE messages SET public_id = %RANDOM_ID%",
            "CREATE UNIQUE INDEX messages_by_public_id ON messages (public_id)",
            "ALTER TABLE audit_events ADD COLUMN public_id TEXT NOT NULL DEFAULT ''",
            "UPDATE audit_events SET public_id = %RANDOM_ID%",
            "CREATE UNIQUE INDEX audit_events_by_public_id ON audit_events (public_id)",
            // The live replay buffer (a day) held messages by their old ids: pages reload instead.
            "DELETE FROM events",
        ]),
        Migration(id: 6, name: "committees of mandated, recallable delegates; recall petitions; councils; solidarity calls", statements: [
            // A committee is an assembly whose members are the delegates its assembly elected.
            "ALTER TABLE assemblies ADD COLUMN kind TEXT NOT NULL DEFAULT 'assembly'",
            "ALTER TABLE assemblies ADD COLUMN parent_id TEXT REFERENCES assemblies(id) ON DELETE CASCADE",
            // JSON of `Charter`: seats, term, mandate, whether the channel is private.
            "ALTER TABLE assemblies ADD COLUMN charter TEXT",
            "CREATE INDEX assemblies_by_parent ON assemblies (parent_id)",
            // The server an assembly lives on ('' for this one): councils will span servers.
            "ALTER TABLE assemblies ADD COLUMN server TEXT NOT NULL DEFAULT ''",
            // A delegate's seat: the membership it rests on goes, the seat goes with it. `sent_by`
            // is the assembly that elected them and alone recalls them (a committee's own
            // assembly; for a council, one of its member assemblies).
            """
            CREATE TABLE delegates (
                committee_id TEXT NOT NULL,
                account_id TEXT NOT NULL,
                sent_by TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                mandate TEXT NOT NULL,
                decisions TEXT NOT NULL,
                elected_at BIGINT NOT NULL,
                term_ends_at BIGINT,
                PRIMARY KEY (committee_id, account_id),
                FOREIGN KEY (committee_id, account_id) REFERENCES memberships (assembly_id, account_id) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE recall_petitions (
                id TEXT PRIMARY KEY,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                committee_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                delegate_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                reason TEXT NOT NULL,
                opened_at BIGINT NOT NULL,
                vote_proposal TEXT REFERENCES proposals(id) ON DELETE SET NULL,
                closed_at BIGINT
            )
            """,
            // One open petition per delegate: a second member signs it rather than opening another.
            "CREATE UNIQUE INDEX recall_petitions_open ON recall_petitions (committee_id, delegate_id) WHERE closed_at IS NULL",
            // The assemblies (or councils) that make up a council, each joined by its own decision.
            """
            CREATE TABLE council_members (
                council_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                member_id TEXT NOT NULL,
                server TEXT NOT NULL DEFAULT '',
                joined_at BIGINT NOT NULL,
                PRIMARY KEY (council_id, member_id)
            )
            """,
            "CREATE INDEX council_members_by_member ON council_members (member_id)",
            // Rotation: how many times each member was seated in a committee or council.
            """
            CREATE TABLE delegate_terms (
                committee_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                terms BIGINT NOT NULL,
                PRIMARY KEY (committee_id, account_id)
            )
            """,
            // Terms that end: found without scanning every seat.
            "CREATE INDEX delegates_by_term_end ON delegates (term_ends_at) WHERE term_ends_at IS NOT NULL",
            // A council decision sent for ratification: JSON of `Ratification` (each assembly's answer).
            "ALTER TABLE proposals ADD COLUMN ratification TEXT",
            // A recall vote is opened by the platform, for the petition that called it.
            "ALTER TABLE proposals ADD COLUMN petition_id TEXT REFERENCES recall_petitions(id) ON DELETE SET NULL",
            // A member signs once: the key says so.
            """
            CREATE TABLE petition_signatures (
                petition_id TEXT NOT NULL REFERENCES recall_petitions(id) ON DELETE CASCADE,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                signed_at BIGINT NOT NULL,
                PRIMARY KEY (petition_id, account_id)
            )
            """,
            // A solidarity call an assembly sent by its decision, to a council or one assembly.
            """
            CREATE TABLE solidarity_calls (
                id TEXT PRIMARY KEY,
                from_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                council_id TEXT REFERENCES assemblies(id) ON DELETE SET NULL,
                request TEXT NOT NULL,
                proposal_id TEXT NOT NULL,
                sent_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX solidarity_calls_by_sender ON solidarity_calls (from_id)",
            // Each receiving assembly's vote on its answer, and the answer once decided.
            """
            CREATE TABLE solidarity_replies (
                call_id TEXT NOT NULL REFERENCES solidarity_calls(id) ON DELETE CASCADE,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                vote_proposal TEXT NOT NULL,
                answer TEXT,
                answered_at BIGINT,
                PRIMARY KEY (call_id, assembly_id)
            )
            """,
            "CREATE INDEX solidarity_replies_by_assembly ON solidarity_replies (assembly_id)",
        ]),
        Migration(id: 7, name: "alerts by web push and e-mail through a durable outbox; sealed threshold pledges", statements: [
            // A browser's push subscription (RFC 8030): where to send, and the keys to encrypt to.
            """
            CREATE TABLE push_subscriptions (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                endpoint TEXT NOT NULL UNIQUE,
                p256dh TEXT NOT NULL,
                auth TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX push_subscriptions_by_account ON push_subscriptions (account_id)",
            // JSON of `AlertSettings`; the e-mail address sealed (AES-GCM) under a key kept outside
            // the database, confirmed once its owner opened the link sent to it.
            """
            CREATE TABLE alert_settings (
                account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
                settings TEXT NOT NULL,
                email_sealed TEXT,
                email_confirmed BIGINT NOT NULL DEFAULT 0 CHECK (email_confirmed IN (0, 1)),
                updated_at BIGINT NOT NULL
            )
            """,
            // Per assembly and channel, when not the default (urgent only). Leaving takes it away.
            """
            CREATE TABLE alert_levels (
                assembly_id TEXT NOT NULL,
                account_id TEXT NOT NULL,
                channel TEXT NOT NULL,
                level TEXT NOT NULL,
                PRIMARY KEY (account_id, assembly_id, channel),
                FOREIGN KEY (assembly_id, account_id) REFERENCES memberships (assembly_id, account_id) ON DELETE CASCADE
            )
            """,
            // The outbox: one row per alert, member, channel and target (a push subscription, or
            // '' for e-mail), written in the transaction that made the alert. A row is sent once;
            // sent rows stay a week so the same alert cannot be queued twice.
            """
            CREATE TABLE alert_outbox (
                id %SERIAL%,
                alert_key TEXT NOT NULL,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                channel TEXT NOT NULL,
                target TEXT NOT NULL,
                kind TEXT NOT NULL,
                text TEXT NOT NULL,
                link TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                due_at BIGINT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                last_error TEXT,
                sent_at BIGINT
            )
            """,
            "CREATE UNIQUE INDEX alert_outbox_once ON alert_outbox (alert_key, account_id, channel, target)",
            "CREATE INDEX alert_outbox_due ON alert_outbox (due_at) WHERE sent_at IS NULL",
            "CREATE INDEX alert_outbox_sent ON alert_outbox (sent_at) WHERE sent_at IS NOT NULL",
            // A pledge keeps no author: who made it is not revealed either. `pledged` counts its
            // signers (kept with them under the pledge's row lock; recounted when members leave).
            """
            CREATE TABLE pledges (
                id TEXT PRIMARY KEY,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                text TEXT NOT NULL,
                threshold TEXT NOT NULL,
                deadline BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                state TEXT NOT NULL DEFAULT 'open',
                reached_at BIGINT,
                pledged BIGINT NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX pledges_by_assembly ON pledges (assembly_id, created_at)",
            "CREATE INDEX pledges_open_by_deadline ON pledges (deadline) WHERE state = 'open'",
            // Who pledged: deleted with the pledge when it expires. Leaving the assembly withdraws.
            """
            CREATE TABLE pledge_signers (
                pledge_id TEXT NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
                assembly_id TEXT NOT NULL,
                account_id TEXT NOT NULL,
                pledged_at BIGINT NOT NULL,
                PRIMARY KEY (pledge_id, account_id),
                FOREIGN KEY (assembly_id, account_id) REFERENCES memberships (assembly_id, account_id) ON DELETE CASCADE
            )
            """,
        ]),
        Migration(id: 8, name: "meetings with RSVP and minutes, calendar feeds, demands, actions with shifts, public pages and supporters", statements: [
            // Times are instants (milliseconds UTC) with the IANA zone they were given in. The
            // agenda is JSON of `AgendaItem`s; `minutes_by` is the member the meeting names.
            """
            CREATE TABLE meetings (
                id TEXT PRIMARY KEY,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL CHECK (ends_at > starts_at),
                time_zone TEXT NOT NULL,
                place TEXT NOT NULL,
                agenda TEXT NOT NULL,
                assembly_meeting BIGINT NOT NULL DEFAULT 0 CHECK (assembly_meeting IN (0, 1)),
                minutes_by TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                minutes TEXT,
                from_poll TEXT,
                created_by TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                cancelled_at BIGINT,
                reminded_at BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX meetings_by_assembly ON meetings (assembly_id, starts_at)",
            "CREATE INDEX meetings_to_remind ON meetings (starts_at) WHERE reminded_at IS NULL AND cancelled_at IS NULL",
            """
            CREATE TABLE meeting_rsvps (
                meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
                assembly_id TEXT NOT NULL,
                account_id TEXT NOT NULL,
                answer TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
                PRIMARY KEY (meeting_id, account_id),
                FOREIGN KEY (assembly_id, account_id) REFERENCES memberships (assembly_id, account_id) ON DELETE CASCADE
            )
            """,
            // One secret feed address per member; revoking deletes the row, a new one replaces it.
            """
            CREATE TABLE calendar_feeds (
                account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE demands (
                id TEXT PRIMARY KEY,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                text TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('drafted', 'adopted', 'won', 'lost')),
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX demands_by_assembly ON demands (assembly_id, created_at)",
            // Each change of status, with the decision that made it (none for the drafting).
            """
            CREATE TABLE demand_history (
                demand_id TEXT NOT NULL REFERENCES demands(id) ON DELETE CASCADE,
                position BIGINT NOT NULL,
                status TEXT NOT NULL,
                proposal_id TEXT,
                at BIGINT NOT NULL,
                PRIMARY KEY (demand_id, position)
            )
            """,
            // An action is drafted, then called by a decision (or by a committee at once); its
            // public page is reached by the hash of an unguessable token, withdrawn by clearing it.
            """
            CREATE TABLE actions (
                id TEXT PRIMARY KEY,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL CHECK (ends_at > starts_at),
                time_zone TEXT NOT NULL,
                place TEXT NOT NULL,
                details TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('drafted', 'called', 'cancelled')),
                public_text TEXT NOT NULL DEFAULT '',
                call_number TEXT NOT NULL DEFAULT '',
                call_points TEXT NOT NULL DEFAULT '',
                public_token TEXT UNIQUE,
                published_at BIGINT,
                withdrawn_at BIGINT,
                created_by TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX actions_by_assembly ON actions (assembly_id, starts_at)",
            """
            CREATE TABLE action_demands (
                action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
                demand_id TEXT NOT NULL REFERENCES demands(id) ON DELETE CASCADE,
                PRIMARY KEY (action_id, demand_id)
            )
            """,
            // `taken` counts sign-ups, kept with them; the check makes overbooking impossible.
            """
            CREATE TABLE shifts (
                id TEXT PRIMARY KEY,
                action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL CHECK (ends_at > starts_at),
                needed BIGINT NOT NULL CHECK (needed > 0),
                taken BIGINT NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= needed),
                reminded_at BIGINT
            )
            """,
            "CREATE INDEX shifts_by_action ON shifts (action_id, starts_at)",
            "CREATE INDEX shifts_to_remind ON shifts (starts_at) WHERE reminded_at IS NULL",
            // Who took a shift: a member or a supporter ('m:' or 's:' and the id), exactly one.
            """
            CREATE TABLE shift_signups (
                shift_id TEXT NOT NULL REFERENCES shifts(id) ON DELETE CASCADE,
                action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
                person TEXT NOT NULL,
                account_id TEXT REFERENCES accounts(id) ON DELETE CASCADE,
                supporter_id TEXT,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                PRIMARY KEY (shift_id, person),
                CHECK ((account_id IS NULL) <> (supporter_id IS NULL))
            )
            """,
            "CREATE INDEX shift_signups_by_person ON shift_signups (action_id, person)",
            """
            CREATE TABLE action_tasks (
                id TEXT PRIMARY KEY,
                action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
                text TEXT NOT NULL,
                taken_by TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                done BIGINT NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX action_tasks_by_action ON action_tasks (action_id, created_at)",
            // The status board: short notes from whoever is there, newest first.
            """
            CREATE TABLE action_notes (
                id %SERIAL%,
                action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
                account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                text TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX action_notes_by_action ON action_notes (action_id, at)",
            """
            CREATE TABLE action_checkins (
                action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                at BIGINT NOT NULL,
                PRIMARY KEY (action_id, account_id)
            )
            """,
            // A supporter is known by a secret in a cookie (only its hash is kept), a name, and an
            // optional contact; they see only the public actions they signed up for.
            """
            CREATE TABLE supporters (
                id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                contact TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE supporter_actions (
                supporter_id TEXT NOT NULL REFERENCES supporters(id) ON DELETE CASCADE,
                action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
                calls BIGINT NOT NULL DEFAULT 0,
                joined_at BIGINT NOT NULL,
                removed BIGINT NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
                PRIMARY KEY (action_id, supporter_id)
            )
            """,
            "CREATE INDEX supporter_actions_by_supporter ON supporter_actions (supporter_id)",
        ]),
        Migration(id: 9, name: "reactions to messages", statements: [
            // One of `Reaction`'s cases per member and message; they go with the message and the account.
            """
            CREATE TABLE message_reactions (
                message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                reaction TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (message_id, account_id, reaction)
            )
            """,
            // Full-text search over messages: SQLite's FTS5 index kept by triggers (a deleted
            // message's text leaves it with the text).
            "%SQLITE%CREATE VIRTUAL TABLE message_search USING fts5(body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            "%SQLITE%INSERT INTO message_search (message_search) VALUES ('rebuild')",
            """
            %SQLITE%CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
                INSERT INTO message_search (rowid, body) VALUES (new.id, new.body);
            END
            """,
            """
            %SQLITE%CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
                INSERT INTO message_search (message_search, rowid, body) VALUES ('delete', old.id, old.body);
            END
            """,
            """
            %SQLITE%CREATE TRIGGER message_search_update AFTER UPDATE OF body ON messages BEGIN
                INSERT INTO message_search (message_search, rowid, body) VALUES ('delete', old.id, old.body);
                INSERT INTO message_search (rowid, body) VALUES (new.id, new.body);
            END
            """,
            // PostgreSQL keeps each message's words in a column: a GIN index over it for rare
            // words, and a cheap test per row when walking the newest messages for common ones.
            "%POSTGRES%ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED",
            "%POSTGRES%CREATE INDEX messages_search ON messages USING GIN (search)",
        ]),
        Migration(id: 10, name: "photos and files; direct messages", statements: [
            // At most one photo or file per message, in the database with it (one backup, one
            // deletion): gone with the message, by its author, by retention or with the account.
            // The bytes come last so listing a message never reads them.
            """
            CREATE TABLE attachments (
                id %SERIAL%,
                public_id TEXT NOT NULL UNIQUE,
                message_id BIGINT NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('image', 'file')),
                name TEXT NOT NULL,
                media_type TEXT NOT NULL,
                size BIGINT NOT NULL,
                width BIGINT,
                height BIGINT,
                body %BYTES% NOT NULL
            )
            """,
            // Two members who share an assembly, in that assembly (its retention applies); the
            // pair is stored in a fixed order so there is one conversation per pair and assembly.
            """
            CREATE TABLE direct_conversations (
                id TEXT PRIMARY KEY,
                assembly_id TEXT NOT NULL REFERENCES assemblies(id) ON DELETE CASCADE,
                first_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                second_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL,
                UNIQUE (assembly_id, first_id, second_id)
            )
            """,
            "CREATE INDEX direct_conversations_by_first ON direct_conversations (first_id)",
            "CREATE INDEX direct_conversations_by_second ON direct_conversations (second_id)",
            """
            CREATE TABLE direct_messages (
                id %MONOTONIC_ID%,
                public_id TEXT NOT NULL UNIQUE,
                conversation_id TEXT NOT NULL REFERENCES direct_conversations(id) ON DELETE CASCADE,
                author_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                body TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX direct_messages_by_conversation ON direct_messages (conversation_id, id)",
            "CREATE INDEX direct_messages_by_author ON direct_messages (author_id)",
            "CREATE INDEX direct_messages_by_age ON direct_messages (created_at)",
        ]),
        Migration(id: 11, name: "secret ballots the server cannot link", statements: [
            // A secret proposal's blind-signing key; the private half goes when it closes.
            """
            CREATE TABLE secret_keys (
                proposal_id TEXT PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
                public_der %BYTES% NOT NULL,
                private_der %BYTES%
            )
            """,
            // Who took a token: no time, no token. Keyed by a random slot, so on SQLite (WITHOUT
            // ROWID) its pages hold no trace of the order tokens were taken in. A deleted
            // account leaves its slot: the tokens issued still bound the ballots.
            """
            %SQLITE%CREATE TABLE secret_tokens (
                proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                slot TEXT NOT NULL,
                account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                PRIMARY KEY (proposal_id, slot),
                UNIQUE (proposal_id, account_id)
            ) WITHOUT ROWID
            """,
            """
            %POSTGRES%CREATE TABLE secret_tokens (
                proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                slot TEXT NOT NULL,
                account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
                PRIMARY KEY (proposal_id, slot),
                UNIQUE (proposal_id, account_id)
            )
            """,
            // The ballots under their tokens, chained in arrival order: no account, no time.
            """
            CREATE TABLE secret_ballots (
                proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                number BIGINT NOT NULL,
                token %BYTES% NOT NULL,
                signature %BYTES% NOT NULL,
                ballot TEXT NOT NULL,
                hash %BYTES% NOT NULL,
                PRIMARY KEY (proposal_id, number),
                UNIQUE (proposal_id, token)
            )
            """,
        ]),
        Migration(id: 12, name: "ballot counts kept apart by writer", statements: [
            // On PostgreSQL several writers commit ballots at once: each adds to a row of its
            // own (its backend's), so none waits for another's commit on one counter. A
            // proposal's count is its own column plus these rows.
            """
            CREATE TABLE proposal_ballot_counts (
                proposal_id TEXT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                shard BIGINT NOT NULL,
                n BIGINT NOT NULL,
                PRIMARY KEY (proposal_id, shard)
            )
            """,
        ]),
        Migration(id: 13, name: "attempt windows shared by nodes", statements: [
            // Guessing limits (passphrases, invites) counted by every node together on
            // PostgreSQL. Keys are keyed hashes: no address or pseudonym is stored. Unlogged:
            // a crash may forget recent attempts, never a member's data.
            """
            %POSTGRES%CREATE UNLOGGED TABLE attempt_windows (
                key_hash TEXT PRIMARY KEY,
                started_at BIGINT NOT NULL,
                attempts BIGINT NOT NULL
            )
            """,
            """
            %SQLITE%CREATE TABLE attempt_windows (
                key_hash TEXT PRIMARY KEY,
                started_at BIGINT NOT NULL,
                attempts BIGINT NOT NULL
            )
            """,
        ]),
    ]

    static var latest: Int { all.last?.id ?? 0 }

    /// A fingerprint of a migration's SQL: a test holds the fingerprint of every released one.
    static func digest(_ migration: Migration) -> String {
        let text = migration.statements.joined(separator: "\n;\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The statement as this database runs it; empty when it is the other database's alone
    /// (`%SQLITE%` or `%POSTGRES%` at its start).
    static func sql(_ statement: String, for kind: SQLDialectKind) -> String {
        for (mark, only) in [("%SQLITE%", SQLDialectKind.sqlite), ("%POSTGRES%", .postgres)] where statement.hasPrefix(mark) {
            return only == kind ? sql(String(statement.dropFirst(mark.count)), for: kind) : ""
        }
        switch kind {
        // %MONOTONIC_ID% never reuses an id, even after the newest row is deleted: readers resume
        // and count unread messages by id.
        case .sqlite: return statement.replacingOccurrences(of: "%SERIAL%", with: "INTEGER PRIMARY KEY")
            .replacingOccurrences(of: "%BYTES%", with: "BLOB")
            .replacingOccurrences(of: "%MONOTONIC_ID%", with: "INTEGER PRIMARY KEY AUTOINCREMENT")
            .replacingOccurrences(of: "%RANDOM_ID%", with: "lower(hex(randomblob(10)))")
        case .postgres: return statement.replacingOccurrences(of: "%SERIAL%", with: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
            .replacingOccurrences(of: "%BYTES%", with: "BYTEA")
            .replacingOccurrences(of: "%MONOTONIC_ID%", with: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
            .replacingOccurrences(of: "%RANDOM_ID%", with: "substr(replace(gen_random_uuid()::text, '-', ''), 1, 20)")
        }
    }

    /// Applies every step not yet applied, each in its own transaction. Safe to run from several
    /// nodes at once on PostgreSQL (an advisory lock serializes them). Returns the applied ids.
    static func run(on engine: any DatabaseEngine, now: Int64, through last: Int = latest) async throws -> [Int] {
        let kind = engine.kind
        try await engine.write { db in
            try await db.raw("CREATE TABLE IF NOT EXISTS wildcat_migrations (id BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)").run()
        }
        var applied: [Int] = []
        for migration in all where migration.id <= last {
            let didApply = try await engine.write { db -> Bool in
                if kind == .postgres {
                    _ = try await db.raw("SELECT pg_advisory_xact_lock(7283001)").all()
                }
                let done = try await db.raw("SELECT id FROM wildcat_migrations WHERE id = \(bind: migration.id)").first()
                if done != nil { return false }
                for statement in migration.statements {
                    let text = sql(statement, for: kind)
                    if text.isEmpty { continue }
                    do {
                        try await db.raw("\(unsafeRaw: text)").run()
                    } catch {
                        throw StoreError.migrationFailed(id: migration.id, String(describing: error))
                    }
                }
                try await db.raw("INSERT INTO wildcat_migrations (id, name, applied_at) VALUES (\(bind: migration.id), \(bind: migration.name), \(bind: now))").run()
                return true
            }
            if didApply { applied.append(migration.id) }
        }
        let found = try await engine.read { db in
            try await db.raw("SELECT MAX(id) AS v FROM wildcat_migrations").first()?.decode(column: "v", as: Int?.self) ?? 0
        }
        if found > latest { throw StoreError.newerSchema(found: found, known: latest) }
        return applied
    }
}
