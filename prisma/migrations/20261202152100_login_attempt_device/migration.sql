-- Login attempts name the device cookie they carried, so a device that signed in before keeps its
-- own budget and failures from elsewhere do not lock its owner out (issue 13, item 9).
ALTER TABLE "LoginAttempt" ADD COLUMN "device" TEXT;

-- CreateIndex
CREATE INDEX "LoginAttempt_device_createdAt_idx" ON "LoginAttempt"("device", "createdAt");
