SELECT 'café' AS drink
