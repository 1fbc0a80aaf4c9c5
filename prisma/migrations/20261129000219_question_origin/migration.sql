-- AlterTable
ALTER TABLE "Question" ADD COLUMN "sourceHash" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_QuestionVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "stem" TEXT NOT NULL,
    "optionsJson" TEXT NOT NULL DEFAULT '[]',
    "answerJson" TEXT NOT NULL,
    "explanation" TEXT NOT NULL DEFAULT '',
    "difficulty" INTEGER NOT NULL DEFAULT 1,
    "tagsJson" TEXT NOT NULL DEFAULT '[]',
    "sourceArticle" TEXT,
    "sourceCase" TEXT,
    "contentHash" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'file',
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuestionVersion_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_QuestionVersion" ("answerJson", "contentHash", "createdAt", "difficulty", "explanation", "id", "number", "optionsJson", "questionId", "sourceArticle", "sourceCase", "stem", "tagsJson", "type") SELECT "answerJson", "contentHash", "createdAt", "difficulty", "explanation", "id", "number", "optionsJson", "questionId", "sourceArticle", "sourceCase", "stem", "tagsJson", "type" FROM "QuestionVersion";
DROP TABLE "QuestionVersion";
ALTER TABLE "new_QuestionVersion" RENAME TO "QuestionVersion";
CREATE UNIQUE INDEX "QuestionVersion_questionId_number_key" ON "QuestionVersion"("questionId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
