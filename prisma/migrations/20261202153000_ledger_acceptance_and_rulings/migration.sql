-- A disputed portrait problem carries the secretary's ruling into the integrity file.
ALTER TABLE "PortraitProblem" ADD COLUMN "ruling" TEXT NOT NULL DEFAULT '';
ALTER TABLE "PortraitProblem" ADD COLUMN "ruledById" TEXT;
ALTER TABLE "PortraitProblem" ADD COLUMN "ruledAt" DATETIME;

-- A ledger item names its responsible person as a user, remembers the body that assigned it, and
-- is closed in two steps: the leader's sign-off, then acceptance by the assigning body.
ALTER TABLE "LedgerItem" ADD COLUMN "responsibleId" TEXT;
ALTER TABLE "LedgerItem" ADD COLUMN "assignedByUnitId" TEXT;
ALTER TABLE "LedgerItem" ADD COLUMN "closeRequestedAt" DATETIME;
ALTER TABLE "LedgerItem" ADD COLUMN "acceptedById" TEXT;
