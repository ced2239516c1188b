module "service-1" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-1"
  service_team    = "team-a"
  service_company = "company-x"
  network = {
    security = {
      enable_network_policy = true
      namespaces = [
        "service-2",
      ]
    }
  }
}

module "service-2" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-2"
  service_team    = "team-a"
  service_company = "company-x"
  network = {
    security = {
      enable_network_policy = true
      namespaces = [
        "service-1",
      ]
    }
  }
}

module "service-3" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-3"
  service_team    = "team-b"
  service_company = "company-x"
  network = {
    security = {
      enable_network_policy = true
      namespaces = [
        "service-1",
      ]
    }
  }
}

module "service-4" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-4"
  service_team    = "team-c"
  service_company = "company-y"
  network = {
    security = {
      enable_network_policy = true
      namespaces = [
      ]
    }
  }
}
