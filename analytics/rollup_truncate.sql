-- Empty a rollup's staging table before a build.
TRUNCATE TABLE {staging:Identifier}
