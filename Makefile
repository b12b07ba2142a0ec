# Build method of template.yaml's functions (Metadata: BuildMethod: makefile, CodeUri: .).
# `sam build` runs `make build-<LogicalId>` with ARTIFACTS_DIR set, once per function. All fourteen
# functions share one artifact, the shaded jar of the `functions` module (which needs `shared` through
# the parent pom, hence the reactor build from the repository root). The jar is a file target that
# depends on the sources, so with `build_in_source = true` (samconfig.toml) Maven runs once and the
# other thirteen functions copy the same jar. Without it SAM copies the tree to a scratch directory
# per function and each copy builds on its own: slower, same result.
# The Lambda Java runtime puts every jar under lib/ on the class path.
#
# RenderVideoFunction (the ffmpeg backend) is the one exception: it gets its own artifact,
# photoreel-render-function.jar, built by the same Maven run (a second shade execution of the functions module).
# It is the functions jar plus the render engine (dev.photoreel.render) and the static ffmpeg of
# ws.schild:jave-nativebin-linux64 (GPL-3.0), which the engine extracts to /tmp on first use. The explicit
# build-RenderVideoFunction target below wins over the build-%Function pattern, so `sam build` packages the right
# jar for each function by construction, and the fourteen other functions keep the small jar without ffmpeg.

MVN ?= mvn
MVN_FLAGS ?= -q -B -ntp
JAR := functions/target/photoreel-functions.jar
RENDER_JAR := functions/target/photoreel-render-function.jar
SOURCES := pom.xml render/pom.xml shared/pom.xml functions/pom.xml $(shell find render/src/main shared/src/main functions/src/main -type f 2>/dev/null)

.PHONY: jar clean

jar: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) $(MVN_FLAGS) -pl functions -am package -DskipTests

# made by the same Maven run as $(JAR); built again only if it went missing on its own
$(RENDER_JAR): $(JAR)
	@test -f $@ || $(MVN) $(MVN_FLAGS) -pl functions -am package -DskipTests

build-RenderVideoFunction: $(RENDER_JAR)
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run this target through 'sam build', or pass ARTIFACTS_DIR=<dir>" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(RENDER_JAR) "$(ARTIFACTS_DIR)/lib/"

build-%Function: $(JAR)
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run this target through 'sam build', or pass ARTIFACTS_DIR=<dir>" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(JAR) "$(ARTIFACTS_DIR)/lib/"

clean:
	rm -rf .aws-sam
