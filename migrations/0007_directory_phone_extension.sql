-- HSDS 3.0 phone.extension is a number.
ALTER TABLE "directory_phone" ALTER COLUMN "extension" SET DATA TYPE double precision USING nullif(regexp_replace("extension", '[^0-9.]', '', 'g'), '')::double precision;
