locals {
  company = "company-x"
}
