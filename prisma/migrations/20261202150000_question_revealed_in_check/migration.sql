-- Questions whose keys a lesson's knowledge check shows are kept out of exam pools (ADR 011).
ALTER TABLE "Question" ADD COLUMN "revealedInCheck" BOOLEAN NOT NULL DEFAULT false;
