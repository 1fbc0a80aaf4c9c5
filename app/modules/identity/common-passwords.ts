// A bundled list of common and breached passwords (lower-cased); a password on it is refused.
// Extend it freely: it is a Set lookup.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
123456 123456789 12345678 password qwerty123 qwerty 111111 12345 123123 1234567890 1234567 000000
abc123 password1 iloveyou 1q2w3e4r 1qaz2wsx qwertyuiop 123321 654321 666666 888888 987654321
1234qwer a123456 123456a 5201314 woaini1314 woaini520 aa123456 a12345678 abc12345 abcd1234 qq123456
zxcvbnm asdfghjkl 1q2w3e4r5t admin admin123 admin888 root123 test1234 passw0rd p@ssw0rd p@ssword
password123 password12 welcome welcome1 letmein monkey dragon sunshine princess football baseball
shadow master superman trustno1 michael jennifer 11111111 88888888 00000000 12341234 11223344
112233 121212 123654 147258369 159753 159357 741852963 789456123 qazwsx qazwsxedc zaq12wsx 1qazxsw2
q1w2e3r4 asd123 asdasd asdf1234 zxc123 zxcvbn qwe123 qweasd qweasdzxc iloveyou1 woaini 520520
1314520 521521 5211314 woaini123 wodemima mima1234 mima123456 huang123 wang1234 zhang123 li123456
liu123456 chen123 yang1234 zhao123 china123 beijing shanghai beijing2008 china2008 qingfeng
qingfeng123 qingfeng-demo lianzheng lianzheng123 dangyuan gongchandang 12345abc abc123456 a1b2c3d4
aaaaaaaa aaaaaa123 abcdefg abcdefgh 1a2b3c4d 123abc 123qwe 123qweasd 1234abcd 9876543210 0123456789
87654321 computer internet samsung starwars whatever freedom ninja mustang access flower hello123
hello1234 loveyou summer2024 winter2024 spring2024 autumn2024 summer2025 winter2025 summer2026
winter2026 2024 2025 2026 changeme default guest1234 user1234 login123 secret secret123 temp1234
test123 qwerty12 qwer1234 1qaz@wsx p@ssw0rd123 admin@123 aa123456. abc@123 zxcv1234 aa111111
password2015 qingfeng2015 admin2015 welcome2015 lianzheng2015 abc2015 password2016 qingfeng2016
admin2016 welcome2016 lianzheng2016 abc2016 password2017 qingfeng2017 admin2017 welcome2017
lianzheng2017 abc2017 password2018 qingfeng2018 admin2018 welcome2018 lianzheng2018 abc2018
password2019 qingfeng2019 admin2019 welcome2019 lianzheng2019 abc2019 password2020 qingfeng2020
admin2020 welcome2020 lianzheng2020 abc2020 password2021 qingfeng2021 admin2021 welcome2021
lianzheng2021 abc2021 password2022 qingfeng2022 admin2022 welcome2022 lianzheng2022 abc2022
password2023 qingfeng2023 admin2023 welcome2023 lianzheng2023 abc2023 password2024 qingfeng2024
admin2024 welcome2024 lianzheng2024 abc2024 password2025 qingfeng2025 admin2025 welcome2025
lianzheng2025 abc2025 password2026 qingfeng2026 admin2026 welcome2026 lianzheng2026 abc2026
password2027 qingfeng2027 admin2027 welcome2027 lianzheng2027 abc2027 password2028 qingfeng2028
admin2028 welcome2028 lianzheng2028 abc2028 password2029 qingfeng2029 admin2029 welcome2029
lianzheng2029 abc2029 password2030 qingfeng2030 admin2030 welcome2030 lianzheng2030 abc2030
`
    .split(/\s+/)
    .filter(Boolean),
);
