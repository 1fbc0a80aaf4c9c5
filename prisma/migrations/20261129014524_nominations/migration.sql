-- CreateTable
CREATE TABLE "Nomination" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "honour" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "nominatedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Nomination_unitId_year_idx" ON "Nomination"("unitId", "year");

-- CreateIndex
CREATE INDEX "Nomination_userId_idx" ON "Nomination"("userId");
