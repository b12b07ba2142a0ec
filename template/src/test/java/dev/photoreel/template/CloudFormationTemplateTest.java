package dev.photoreel.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationTemplateTest {

    private static final String TEMPLATE = """
            Globals:
              Function:
                Timeout: 30
                Environment:
                  Variables:
                    TABLE: !Ref Jobs
                    LEVEL: INFO
            Resources:
              Jobs:
                Type: AWS::DynamoDB::Table
              Start:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.B::handleRequest
                  Environment:
                    Variables:
                      LEVEL: DEBUG
                      QUEUE: !GetAtt Intake.Arn
                      NAME: !Sub "${AWS::StackName}-start"
            """;

    @Test
    void parse_shortFormTags_becomeTheirLongForm() {
        CloudFormationTemplate template = CloudFormationTemplate.parse(TEMPLATE, "test");

        Map<String, Object> env = template.environment("Start");

        assertEquals(Map.of("Ref", "Jobs"), env.get("TABLE"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Intake", "Arn")), env.get("QUEUE"));
        assertEquals("${AWS::StackName}-start", CloudFormationTemplate.text(env.get("NAME")));
    }

    @Test
    void functions_ownPropertiesOverGlobals_mapsMergedOneLevel() {
        Map<String, Object> start = CloudFormationTemplate.parse(TEMPLATE, "test").functions().get("Start");

        assertEquals(30, start.get("Timeout"));
        Map<String, Object> variables = CloudFormationTemplate.map(CloudFormationTemplate.map(start.get("Environment")).get("Variables"));
        assertEquals("DEBUG", variables.get("LEVEL"), "the function's own value wins");
        assertTrue(variables.containsKey("QUEUE"));
    }

    @Test
    void badInput_failsNamingTheProblem() {
        CloudFormationTemplate template = CloudFormationTemplate.parse(TEMPLATE, "test");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> template.resource("Missing")).getMessage().contains("Missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CloudFormationTemplate.parse("- a list", "t.yaml"))
                .getMessage().contains("t.yaml"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CloudFormationTemplate.parse("X: !GetAtt NoDot", "t"))
                .getMessage().contains("NoDot"));
    }
}
