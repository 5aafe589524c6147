// The most used passwords in public breach corpora (lower-cased), refused at sign-up and change.
const LIST = `123456 123456789 12345678 password qwerty123 qwerty1 111111 12345 secret 123123 1234567890
1234567 000000 qwerty abc123 password1 iloveyou 11111111 dragon monkey 123123123 123321 qwertyuiop
00000000 passw0rd password123 654321 666666 112233 987654321 1q2w3e4r 1qaz2wsx zaq12wsx 1q2w3e4r5t
asdfghjkl sunshine princess football baseball welcome welcome1 welcome123 letmein letmein1 trustno1
shadow master master123 superman batman starwars whatever freedom michael jennifer hunter hunter2
charlie jordan23 liverpool arsenal chelsea tottenham manchester london123 england1 summer2024
summer2025 summer2026 winter2024 winter2025 winter2026 autumn2025 spring2025 spring2026 january2026
password2024 password2025 password2026 changeme changeme1 default admin admin123 administrator
root toor guest user test test123 testtest 123qwe 1234qwer qwer1234 q1w2e3r4 aa123456 abcd1234
abcdefgh abcdefg1 87654321 88888888 99999999 55555555 12341234 11223344 121212 131313 159753
147258369 789456123 987654321 147852369 963852741 qazwsxedc qwertyui asdfasdf zxcvbnm zxcvbnm1
computer internet samsung google1 facebook pokemon minecraft killer pepper ginger cookie cheese
chocolate butterfly flower lovely loveme iloveyou1 iloveyou2 babygirl angel angel1 jesus1 blessed
hello123 hellohello 1password p@ssw0rd p@ssword pa55word pa55w0rd passw0rd1 password! password12
password01 passwort motdepasse azerty azerty123 school school123 teacher teacher1 education
headteacher council council1 southampton portsmouth peterborough walsall isleofwight traded traded123
letmein123 access access123 secret123 mustang ferrari porsche yankees cowboys eagles dolphins
jordan michelle nicole jessica ashley daniel thomas robert matthew andrew joshua anthony william
qwerty12 qwerty12345 1234abcd a1b2c3d4 abc12345 monkey123 dragon123 iloveu 696969 target123
zaq1zaq1 !qaz2wsx 1qazxsw2 qwe123 asd123 zxc123 123abc 123456a 123456789a a123456 a12345678`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
