-- Records carry an HMAC of their chain hash under a key kept outside the database; rows written
-- before this have none and are vouched for by the checkpoint `npm run setup` writes (docs/security.md).
ALTER TABLE "Record" ADD COLUMN "mac" TEXT;

-- A read-log row names what was read, not only whose.
ALTER TABLE "FileAccessLog" ADD COLUMN "objectId" TEXT NOT NULL DEFAULT '';
