-- A refused regrade is logged too, with why (issue 13, item 8).
ALTER TABLE "RegradeLog" ADD COLUMN "refusal" TEXT;
