-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Exam" (
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
    "requireAssignment" BOOLEAN NOT NULL DEFAULT false,
    "prerequisitesJson" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'published',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Exam" ("audienceUnitId", "blueprintJson", "closesAt", "createdAt", "createdById", "description", "id", "maxAttempts", "opensAt", "partyOnly", "passPercent", "prerequisitesJson", "reviewMode", "reviewWhen", "shuffleOptions", "status", "timeLimitMinutes", "title", "updatedAt") SELECT "audienceUnitId", "blueprintJson", "closesAt", "createdAt", "createdById", "description", "id", "maxAttempts", "opensAt", "partyOnly", "passPercent", "prerequisitesJson", "reviewMode", "reviewWhen", "shuffleOptions", "status", "timeLimitMinutes", "title", "updatedAt" FROM "Exam";
DROP TABLE "Exam";
ALTER TABLE "new_Exam" RENAME TO "Exam";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
