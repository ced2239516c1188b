variable "letter" {
  type    = string
  default = "a"
}
