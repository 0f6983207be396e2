-- Issue 25 item 7: names of places in the reader's language. Units and resources already have a
-- zh-CN and an en name; a resource's location ("Beijing School, science wing") and an item's label
-- and home ("望远镜 1 / Telescope 1") were one text each, so a Chinese page showed the English words.
-- Each now has both forms; either may be empty, and a page shows the reader's form, else the other.
--
-- Existing texts are sorted by script: a location with Chinese characters is the zh-CN form, any other
-- the en form. An item label or home written as "中文 / English" (the demo's way) is split in two.
ALTER TABLE resources RENAME COLUMN location TO location_zh;
ALTER TABLE resources RENAME CONSTRAINT resources_location_check TO resources_location_zh_check;
ALTER TABLE resources ADD COLUMN location_en text NOT NULL DEFAULT '' CHECK (length(location_en) <= 500);
UPDATE resources SET location_en = location_zh, location_zh = '' WHERE location_zh <> '' AND location_zh !~ '[\u3400-\u9fff]';

ALTER TABLE items ADD COLUMN label_en text NOT NULL DEFAULT '' CHECK (length(label_en) <= 200);
ALTER TABLE items ADD COLUMN home_location_en text NOT NULL DEFAULT '' CHECK (length(home_location_en) <= 500);
UPDATE items SET label = split_part(label, ' / ', 1), label_en = substr(label, length(split_part(label, ' / ', 1)) + 4)
 WHERE label ~ '^[^/]*[\u3400-\u9fff][^/]* / [^/\u3400-\u9fff]+$';
UPDATE items SET home_location = split_part(home_location, ' / ', 1), home_location_en = substr(home_location, length(split_part(home_location, ' / ', 1)) + 4)
 WHERE home_location ~ '^[^/]*[\u3400-\u9fff][^/]* / [^/\u3400-\u9fff]+$';
