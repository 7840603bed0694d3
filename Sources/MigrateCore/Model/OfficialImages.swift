/// Docker Official Images (`docker.io/library/NAME`): one-part names that certainly come from Docker Hub.
/// A one-part name not on this list may just as well be an image built on the host, which podman keeps
/// as `localhost/NAME`: qualifying it with `docker.io/library/` would make podman pull instead.
public enum OfficialImages {
  public static let names: Set<String> = [
    "adminer", "aerospike", "almalinux", "alpine", "alt", "amazoncorretto", "amazonlinux", "api-firewall",
    "arangodb", "archlinux", "backdrop", "bash", "bonita", "buildpack-deps", "busybox", "caddy", "cassandra",
    "centos", "chronograf", "cirros", "clearlinux", "clickhouse", "clojure", "composer", "consul", "convertigo",
    "couchbase", "couchdb", "crate", "dart", "debian", "docker", "drupal", "eclipse-mosquitto", "eclipse-temurin",
    "eggdrop", "elasticsearch", "elixir", "emqx", "erlang", "fedora", "flink", "fluentd", "friendica", "gazebo",
    "gcc", "geonetwork", "ghost", "golang", "gradle", "groovy", "haproxy", "haskell", "haxe", "hello-world",
    "hitch", "httpd", "hylang", "ibm-semeru-runtimes", "ibmjava", "influxdb", "irssi", "jenkins", "jetty",
    "jobber", "joomla", "jruby", "julia", "kapacitor", "kibana", "kong", "krakend", "lightstreamer", "liquibase",
    "logstash", "mageia", "mariadb", "matomo", "maven", "mediawiki", "memcached", "mongo", "mongo-express",
    "monica", "mono", "mysql", "nats", "neo4j", "neurodebian", "nextcloud", "nginx", "node", "notary", "odoo",
    "open-liberty", "openjdk", "oraclelinux", "orientdb", "percona", "perl", "photon", "php", "php-zendserver",
    "phpmyadmin", "plone", "postfixadmin", "postgres", "pypy", "python", "r-base", "rabbitmq", "rakudo-star",
    "redis", "redmine", "registry", "rethinkdb", "rocket.chat", "rockylinux", "ruby", "rust", "sapmachine",
    "satosa", "sentry", "silverpeas", "solr", "sonarqube", "spark", "spiped", "storm", "swift", "swipl",
    "teamspeak", "telegraf", "tomcat", "tomee", "traefik", "ubuntu", "unit", "varnish", "websphere-liberty",
    "wordpress", "xwiki", "yourls", "znc", "zookeeper",
  ]
}
