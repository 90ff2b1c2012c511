// The Go smoke test: the generated client (target/generated-clients/go, by ./mvnw -Pclients) listing
// every customer. Standard library only, like the client.
module github.com/passport-customers/passport-customers-go-smoke

go 1.23

require github.com/passport-customers/passport-customers-go v0.0.0

replace github.com/passport-customers/passport-customers-go => ../../target/generated-clients/go
