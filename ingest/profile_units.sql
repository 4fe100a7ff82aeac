-- Unit codes and names, for import profiles that name units by name.
SELECT unit_code, unit_name
FROM units FINAL
