-- CreateTable
CREATE TABLE "Exam" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "blueprintJson" TEXT NOT NULL,
    "opensAt" DATETIME NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "timeLimitMinutes" INTEGER NOT NULL,
    "maxAttempts" INTEGER NOT NULL DEFAULT 1,
    "passPercent" INTEGER NOT NULL DEFAULT 60,
    "reviewMode" TEXT NOT NULL DEFAULT 'full',
    "reviewWhen" TEXT NOT NULL DEFAULT 'immediately',
    "shuffleOptions" BOOLEAN NOT NULL DEFAULT true,
    "audienceUnitId" TEXT,
    "partyOnly" BOOLEAN NOT NULL DEFAULT false,
    "prerequisitesJson" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'published',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ExamOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "examId" TEXT NOT NULL,
    "userId" TEXT,
    "unitId" TEXT,
    "extraMinutes" INTEGER NOT NULL DEFAULT 0,
    "extraAttempts" INTEGER NOT NULL DEFAULT 0,
    "closesAt" DATETIME,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExamOverride_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "examId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'inProgress',
    "startedAt" DATETIME NOT NULL,
    "deadlineAt" DATETIME NOT NULL,
    "submittedAt" DATETIME,
    "submittedBy" TEXT,
    "score" REAL,
    "maxScore" REAL NOT NULL,
    "percent" REAL,
    "passed" BOOLEAN,
    "needsGrading" BOOLEAN NOT NULL DEFAULT false,
    "gradedAt" DATETIME,
    "recordId" TEXT,
    CONSTRAINT "Attempt_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttemptSlot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "questionVersionId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "points" REAL NOT NULL,
    "optionOrderJson" TEXT NOT NULL DEFAULT '[]',
    "responseJson" TEXT,
    "savedAt" DATETIME,
    "fraction" REAL,
    "gradeState" TEXT,
    "comment" TEXT NOT NULL DEFAULT '',
    "gradedById" TEXT,
    CONSTRAINT "AttemptSlot_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttemptStep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "attemptId" TEXT NOT NULL,
    "slot" INTEGER,
    "kind" TEXT NOT NULL,
    "dataJson" TEXT NOT NULL DEFAULT '{}',
    "actorId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AttemptStep_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RegradeLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "fromVersionId" TEXT NOT NULL,
    "toVersionId" TEXT NOT NULL,
    "examId" TEXT,
    "attempts" INTEGER NOT NULL,
    "changed" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WrongAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "timesWrong" INTEGER NOT NULL DEFAULT 1,
    "lastWrongAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ExamOverride_examId_idx" ON "ExamOverride"("examId");

-- CreateIndex
CREATE INDEX "Attempt_userId_idx" ON "Attempt"("userId");

-- CreateIndex
CREATE INDEX "Attempt_state_deadlineAt_idx" ON "Attempt"("state", "deadlineAt");

-- CreateIndex
CREATE UNIQUE INDEX "Attempt_examId_userId_number_key" ON "Attempt"("examId", "userId", "number");

-- CreateIndex
CREATE INDEX "AttemptSlot_questionId_idx" ON "AttemptSlot"("questionId");

-- CreateIndex
CREATE UNIQUE INDEX "AttemptSlot_attemptId_slot_key" ON "AttemptSlot"("attemptId", "slot");

-- CreateIndex
CREATE INDEX "AttemptStep_attemptId_idx" ON "AttemptStep"("attemptId");

-- CreateIndex
CREATE UNIQUE INDEX "WrongAnswer_userId_questionId_key" ON "WrongAnswer"("userId", "questionId");
