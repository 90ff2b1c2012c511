// Smoke of the STOCK Go client (openapi-generator-cli generate -g go --package-name passportcustomers, nothing
// else set: the generator's placeholder module path is kept). Standard library only, like the client.
module passport-customers-stock-smoke

go 1.23

require github.com/GIT_USER_ID/GIT_REPO_ID v0.0.0

replace github.com/GIT_USER_ID/GIT_REPO_ID => ../../../target/stock-clients/go
