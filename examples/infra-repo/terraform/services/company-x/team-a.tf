# Services of team-a.

module "service-1" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-1"
  service_team    = "team-a"
  service_company = local.company
  network = {
    security = {
      enable_network_policy = true
      namespaces = [
        "service-2",
        "service-3",
      ]
    }
  }
}

module "service-2" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-2"
  service_team    = "team-a"
  service_company = local.company
  network = {
    security = {
      enable_network_policy = true
      namespaces = [
        "service-1",
      ]
    }
  }
}
