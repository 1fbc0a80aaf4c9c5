-- Full-text search over published lessons, rules and cases (written by hand: Prisma cannot model
-- virtual tables; scripts/migrate-create.ts lists these tables as external so diffs leave them alone).
-- The trigram tokenizer matches Chinese text without word segmentation (queries of 3+ characters;
-- shorter ones fall back to LIKE, which the trigram index does not speed up but content is small).
CREATE VIRTUAL TABLE "SearchIndex" USING fts5(
    "kind" UNINDEXED,
    "ref" UNINDEXED,
    "title",
    "body",
    tokenize = 'trigram'
);
