-- CreateTable
CREATE TABLE "FileAccessLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "viewerId" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "FileAccessLog_subjectId_at_idx" ON "FileAccessLog"("subjectId", "at");

-- CreateIndex
CREATE INDEX "FileAccessLog_at_idx" ON "FileAccessLog"("at");

-- The record store is append-only: the database itself refuses updates and deletes
-- (written by hand; a correction is a new row pointing at the one it corrects).
CREATE TRIGGER "Record_no_update" BEFORE UPDATE ON "Record"
BEGIN
    SELECT RAISE(ABORT, 'Record rows are append-only');
END;
CREATE TRIGGER "Record_no_delete" BEFORE DELETE ON "Record"
BEGIN
    SELECT RAISE(ABORT, 'Record rows are append-only');
END;
