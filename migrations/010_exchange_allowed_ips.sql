-- A token exchanged for an API key carries the key's allowed_ips restriction with it: the
-- exchange session keeps the list, and every use of the token is checked against it (null or
-- empty = any address, as for keys). Client and agent grants have none.
alter table token_grants add column allowed_ips text[];
