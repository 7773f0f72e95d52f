SELECT customer_id, birth_year, education, marital_status, income, country
FROM lakehouse.crm_data.customer
