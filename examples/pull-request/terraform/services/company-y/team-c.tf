# Services of team-c.

module "service-4" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-4"
  service_team    = "team-c"
  service_company = "company-y"
  network = {
    security = {
      enable_network_policy = true
      namespaces            = ["service-5"]
    }
  }
}

module "service-5" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-5"
  service_team    = "team-c"
  service_company = "company-y"
  network = {
    security = {
      enable_network_policy = true
      # service-6 was decommissioned last quarter; nobody removed it from this list.
      namespaces = ["service-6"]
    }
  }
}
