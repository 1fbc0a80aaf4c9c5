-- CreateTable
CREATE TABLE "Checklist" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "sectionsJson" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "origin" TEXT NOT NULL DEFAULT 'file',
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SelfInspection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "checklistVersion" INTEGER NOT NULL,
    "answersJson" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "submittedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PortraitRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PortraitProblem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "raisedById" TEXT NOT NULL,
    "earlySign" BOOLEAN NOT NULL DEFAULT false,
    "response" TEXT NOT NULL DEFAULT 'pending',
    "responseNote" TEXT NOT NULL DEFAULT '',
    "finalised" BOOLEAN NOT NULL DEFAULT false,
    "finalisedAt" DATETIME,
    "riskPointId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PortraitProblem_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "PortraitRound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TalkRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "problemId" TEXT NOT NULL,
    "scheduledAt" DATETIME NOT NULL,
    "heldAt" DATETIME,
    "outcome" TEXT NOT NULL DEFAULT '',
    "byId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TalkRecord_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "PortraitProblem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RiskPoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "level" TEXT NOT NULL,
    "measures" TEXT NOT NULL,
    "reviewedAt" DATETIME,
    "reviewedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LedgerItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "problemId" TEXT,
    "riskPointId" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "leaderId" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "responsible" TEXT NOT NULL,
    "deadline" DATETIME NOT NULL,
    "standard" TEXT NOT NULL,
    "effect" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "closedAt" DATETIME,
    "signedOffById" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LedgerUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "fileId" TEXT,
    "byId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LedgerUpdate_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SupervisionOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "deadline" DATETIME NOT NULL,
    "issuedById" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "response" TEXT NOT NULL DEFAULT '',
    "respondedAt" DATETIME,
    "respondedById" TEXT,
    CONSTRAINT "SupervisionOrder_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "LedgerItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SelfInspection_userId_year_key" ON "SelfInspection"("userId", "year");

-- CreateIndex
CREATE INDEX "PortraitProblem_subjectId_idx" ON "PortraitProblem"("subjectId");

-- CreateIndex
CREATE INDEX "PortraitProblem_roundId_idx" ON "PortraitProblem"("roundId");

-- CreateIndex
CREATE INDEX "RiskPoint_unitId_idx" ON "RiskPoint"("unitId");

-- CreateIndex
CREATE INDEX "LedgerItem_unitId_status_idx" ON "LedgerItem"("unitId", "status");
