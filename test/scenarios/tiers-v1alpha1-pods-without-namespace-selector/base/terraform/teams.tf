module "team-a" {
  source       = "microservice-team-kit/v2.1.0.tar.gz"
  team_name    = "team-a"
  team_company = "company-x"
}

module "team-b" {
  source       = "microservice-team-kit/v2.1.0.tar.gz"
  team_name    = "team-b"
  team_company = "company-x"
}

module "team-c" {
  source       = "microservice-team-kit/v2.1.0.tar.gz"
  team_name    = "team-c"
  team_company = "company-y"
}
