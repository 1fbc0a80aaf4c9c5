-- The real length of stored videos, read from the file's header at upload (issue 13 item 6).
ALTER TABLE "StoredFile" ADD COLUMN "durationSeconds" REAL;
