# e2e tests of vrs-client
