# Build method of template.yaml's functions (Metadata: BuildMethod: makefile, CodeUri: .).
# `sam build` runs `make build-<LogicalId>` with ARTIFACTS_DIR set, once per function. All fourteen
# functions share one artifact, the shaded jar of the `functions` module (which needs `shared` through
# the parent pom, hence the reactor build from the repository root). The jar is a file target that
# depends on the sources, so with `build_in_source = true` (samconfig.toml) Maven runs once and the
# other thirteen functions copy the same jar. Without it SAM copies the tree to a scratch directory
# per function and each copy builds on its own: slower, same result.
# The Lambda Java runtime puts every jar under lib/ on the class path.

MVN ?= mvn
MVN_FLAGS ?= -q -B -ntp
JAR := functions/target/photoreel-functions.jar
SOURCES := pom.xml shared/pom.xml functions/pom.xml $(shell find shared/src/main functions/src/main -type f 2>/dev/null)

.PHONY: jar clean

jar: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) $(MVN_FLAGS) -pl functions -am package -DskipTests

build-%Function: $(JAR)
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run this target through 'sam build', or pass ARTIFACTS_DIR=<dir>" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(JAR) "$(ARTIFACTS_DIR)/lib/"

clean:
	rm -rf .aws-sam
