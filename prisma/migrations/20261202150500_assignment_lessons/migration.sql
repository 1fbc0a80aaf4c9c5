-- A course assignment's required lessons are fixed when it is made; filled in for older rows by
-- fixAssignmentLessons() at setup (portable, no JSON functions in SQL).
ALTER TABLE "Assignment" ADD COLUMN "lessonIdsJson" TEXT NOT NULL DEFAULT '[]';
